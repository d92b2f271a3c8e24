import './ui/inside-mistral.css';
import './ui/tables.css';
import { ModuleNodeView } from './ui/ModuleNodeView';
import { moduleTree, NAMED_CONFIGS, type ConfigName } from '../src/lib/model/module-tree';

interface Props {
  /** Which model's config to print: `mistral-7b` or `pocket`. */
  model?: ConfigName;
  /** How many levels start unfolded (the rest open on a click). */
  openDepth?: number;
}

/**
 * The model's modules the way `print(model)` shows them in PyTorch,
 * generated from the config, each level folding with a click and each
 * module with its parameter count. Rendered at build time; it runs nothing
 * in the browser.
 */
export default function ModuleTree({ model = 'mistral-7b', openDepth = 5 }: Props) {
  const config = NAMED_CONFIGS[model];
  const root = moduleTree(config);
  return (
    <figure class="module-tree" aria-labelledby={`module-tree-${model}-caption`} data-pagefind-ignore="all">
      <figcaption id={`module-tree-${model}-caption`}>
        <code>print(model)</code> for {config.modelId}, generated from its config
      </figcaption>
      <ul class="module-tree__root">
        <ModuleNodeView node={root} depth={0} openDepth={openDepth} />
      </ul>
    </figure>
  );
}
