import { moduleLine, type ModuleNode } from '../../src/lib/model/module-tree';
import { formatCount } from '../../src/lib/core/format';

function count(node: ModuleNode): string {
  if (node.parameters === 0) return 'no parameters';
  const each = node.copies > 1 ? ` (${formatCount(node.parameters / node.copies)} each)` : '';
  return `${formatCount(node.parameters)} parameters${each}`;
}

/**
 * One module as PyTorch prints it: a leaf is one line, a module with
 * children a `<details>` that folds them, closed by its `)`. Levels deeper
 * than `openDepth` start folded.
 */
export function ModuleNodeView({
  node,
  depth,
  openDepth,
}: {
  node: ModuleNode;
  depth: number;
  openDepth: number;
}) {
  const line = <code class="module-tree__line">{moduleLine(node)}</code>;
  const note = <span class="module-tree__count">{count(node)}</span>;
  if (node.children.length === 0) {
    return (
      <li class="module-tree__leaf">
        {line} {note}
      </li>
    );
  }
  return (
    <li>
      <details open={depth < openDepth}>
        <summary>
          {line} {note}
        </summary>
        <ul class="module-tree__children">
          {node.children.map((child) => (
            <ModuleNodeView key={child.name} node={child} depth={depth + 1} openDepth={openDepth} />
          ))}
        </ul>
        <code class="module-tree__line">)</code>
      </details>
    </li>
  );
}
