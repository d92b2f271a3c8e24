/**
 * The panel catalogue, read from the panels' own source: for each
 * chapter-facing panel (`components/*.tsx`, default export), what its JSDoc
 * says it does, its props (name, type, default, JSDoc) and the chapters that
 * embed it. Generated rather than written, so it cannot drift from the code;
 * the catalogue page (src/pages/panels.astro) shows it beside a live example.
 */
import ts from 'typescript';

export interface PanelProp {
  name: string;
  type: string;
  optional: boolean;
  /** The default from the function's parameter list, as written. */
  defaultValue: string | null;
  doc: string;
}

export interface PanelEntry {
  name: string;
  /** `components/Name.tsx`. */
  file: string;
  summary: string;
  props: PanelProp[];
}

function docOf(node: ts.Node): string {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const comment = docs.at(-1)?.comment;
  const text = typeof comment === 'string' ? comment : (comment?.map((part) => part.text).join('') ?? '');
  return text.replace(/\s+/g, ' ').trim();
}

function membersOf(type: ts.TypeNode | undefined, source: ts.SourceFile): ts.TypeElement[] {
  if (!type) return [];
  if (ts.isTypeLiteralNode(type)) return [...type.members];
  if (ts.isTypeReferenceNode(type)) {
    const name = type.typeName.getText(source);
    for (const statement of source.statements) {
      if (ts.isInterfaceDeclaration(statement) && statement.name.text === name) return [...statement.members];
      if (ts.isTypeAliasDeclaration(statement) && statement.name.text === name)
        return membersOf(statement.type, source);
    }
  }
  return [];
}

/** The catalogue entry of one panel file; throws if the file has no default-exported function. */
export function describePanel(file: string, text: string): PanelEntry {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const component = source.statements.find(
    (statement): statement is ts.FunctionDeclaration =>
      ts.isFunctionDeclaration(statement) &&
      (statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ?? false),
  );
  if (!component?.name)
    throw new Error(`${file}: a panel must be a default-exported, named function component.`);

  const parameter = component.parameters[0];
  const defaults = new Map<string, string>();
  if (parameter && ts.isObjectBindingPattern(parameter.name)) {
    for (const element of parameter.name.elements) {
      if (element.initializer)
        defaults.set(element.name.getText(source), element.initializer.getText(source));
    }
  }
  const props = membersOf(parameter?.type, source)
    .filter(ts.isPropertySignature)
    .map((member) => ({
      name: member.name.getText(source),
      type: member.type?.getText(source).replace(/\s+/g, ' ') ?? 'unknown',
      optional: member.questionToken !== undefined,
      defaultValue: defaults.get(member.name.getText(source)) ?? null,
      doc: docOf(member),
    }));
  return { name: component.name.text, file, summary: docOf(component), props };
}

/** The chapters (file names) whose MDX imports `components/<name>.tsx`. */
export function chaptersUsing(name: string, chapters: readonly { file: string; text: string }[]): string[] {
  const importLine = new RegExp(`from\\s+['"][./]*components/${name}\\.tsx['"]`);
  return chapters.filter((chapter) => importLine.test(chapter.text)).map((chapter) => chapter.file);
}
