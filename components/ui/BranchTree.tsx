import { Component } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { StepRecord } from '../../src/lib/generation/controller';
import type { BranchNode } from '../../src/lib/generation/branches';
import {
  formatLogProb,
  branchName,
  describeScore,
  probabilityBand,
  tokenProbability,
} from '../../src/lib/generation/describe-branches';
import { showPiece } from '../../src/lib/generation/describe';
import { ScrollRegion } from './ScrollRegion';

interface Props {
  nodes: readonly BranchNode<StepRecord>[];
  pieces: readonly string[];
  /** While the loop is busy (a step, Play, a search), Open waits. */
  disabled: boolean;
  onOpen: (key: number) => void;
}

/**
 * Every reply tried on this prompt as a nested list: a branch sits under the
 * one it shares its start with, and shows only what it adds after the shared
 * tokens. Each token is shaded by the model's probability for it (the number
 * in its title, in words for screen readers, and in the table twin); the
 * current branch says so in words. Open makes a branch the reply.
 */
export function BranchTree({ nodes, pieces, disabled, onOpen }: Props) {
  // One function for the whole life of the list, so a memoised branch is not drawn again for a new callback.
  const latest = useRef(onOpen);
  latest.current = onOpen;
  const [open] = useState(() => (key: number) => latest.current(key));
  if (nodes.length === 0) return <p class="muted">No branches yet: step, force a token or run a search.</p>;
  return (
    <ul class="branch-tree" aria-label="Replies tried on this prompt">
      {nodes.map((node) => (
        <BranchItem key={node.branch.key} node={node} pieces={pieces} disabled={disabled} onOpen={open} />
      ))}
    </ul>
  );
}

/** Whether two nodes draw the same: the same branch records, place and marks, all the way down. */
const sameNode = (a: BranchNode<StepRecord>, b: BranchNode<StepRecord>): boolean =>
  a.branch === b.branch &&
  a.number === b.number &&
  a.forkAt === b.forkAt &&
  a.current === b.current &&
  a.children.length === b.children.length &&
  a.children.every((child, i) => sameNode(child, b.children[i]!));

type ItemProps = { node: BranchNode<StepRecord> } & Omit<Props, 'nodes'>;

/**
 * Drawn again only when its subtree changed: during Play the loop reports
 * many times a second, and only the growing branch is new each time (the
 * tree keeps the other branches' objects), so the others are skipped.
 */
class BranchItem extends Component<ItemProps> {
  override shouldComponentUpdate(next: ItemProps): boolean {
    const now = this.props;
    return !(
      sameNode(now.node, next.node) &&
      now.pieces === next.pieces &&
      now.disabled === next.disabled &&
      now.onOpen === next.onOpen
    );
  }

  override render() {
    return <BranchItemView {...this.props} />;
  }
}

function BranchItemView({ node, pieces, disabled, onOpen }: ItemProps) {
  const { branch, forkAt, current, score, children } = node;
  const name = branchName(node);
  const shared = branch.tokens.slice(0, forkAt);
  const own = branch.tokens.slice(forkAt);
  return (
    <li class="branch" data-current={current || undefined} aria-current={current ? 'true' : undefined}>
      <div class="branch__head">
        <span class="branch__name">{name}</span>
        {current ? (
          <span class="branch__now">the reply now</span>
        ) : (
          <button
            type="button"
            class="button button--secondary branch__open"
            disabled={disabled}
            aria-label={`Open ${name}`}
            onClick={() => onOpen(branch.key)}
          >
            Open
          </button>
        )}
      </div>
      <p class="branch__score">{describeScore(score, branch.tokens.length)}</p>
      <p class="branch__tokens">
        {forkAt > 0 && (
          <span class="branch__shared" title={shared.map((step) => step.text).join('')}>
            {`… ${forkAt} shared ${forkAt === 1 ? 'token' : 'tokens'}, then `}
          </span>
        )}
        {own.map((step) => (
          <span
            key={step.index}
            class="branch-token"
            data-band={probabilityBand(step) ?? undefined}
            title={`${showPiece(pieces, step.id)}: probability ${tokenProbability(step)}`}
          >
            {showPiece(pieces, step.id)}
            <span class="visually-hidden"> ({tokenProbability(step)})</span>
          </span>
        ))}
      </p>
      <TokenTable name={name} steps={branch.tokens} pieces={pieces} />
      {children.length > 0 && (
        <ul class="branch-tree">
          {children.map((child) => (
            <BranchItem
              key={child.branch.key}
              node={child}
              pieces={pieces}
              disabled={disabled}
              onOpen={onOpen}
            />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The branch's tokens as a table (the shading's twin), drawn only once opened: a long reply is many rows. */
function TokenTable({
  name,
  steps,
  pieces,
}: {
  name: string;
  steps: readonly StepRecord[];
  pieces: readonly string[];
}) {
  const [open, setOpen] = useState(false);
  const caption = `${name}: each token’s probability under the model`;
  return (
    <details class="branch__table" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Table of its tokens</summary>
      {open && (
        <ScrollRegion label={caption}>
          <table>
            <caption>{caption}</caption>
            <thead>
              <tr>
                <th scope="col" class="numeric">
                  Step
                </th>
                <th scope="col">Token</th>
                <th scope="col" class="numeric">
                  Probability
                </th>
                <th scope="col" class="numeric">
                  Log-probability
                </th>
              </tr>
            </thead>
            <tbody>
              {steps.map((step) => (
                <tr key={step.index}>
                  <td class="numeric">{step.index + 1}</td>
                  <th scope="row">{showPiece(pieces, step.id)}</th>
                  <td class="numeric">{tokenProbability(step)}</td>
                  <td class="numeric">
                    {step.modelLogProb === null ? 'unknown' : formatLogProb(step.modelLogProb)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </details>
  );
}
