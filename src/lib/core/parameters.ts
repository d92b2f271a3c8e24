/**
 * Counting parameters the way PyTorch's `model.named_parameters()` lists
 * them: one row per tensor, named `<layer>.weight` and `<layer>.bias`, with
 * PyTorch's `[out, in]` shape. The site's one counter: the mini network's
 * table (src/lib/mlp/parameters.ts) and Mistral's (src/lib/model/mistral-parameters.ts)
 * are both lists of tensors counted here.
 */

/** One fully connected (PyTorch `nn.Linear`) layer. */
export interface LinearLayer {
  /** The module name, e.g. `fc1`; its tensors are `fc1.weight` and `fc1.bias`. */
  name: string;
  inFeatures: number;
  outFeatures: number;
  /** Whether the layer adds a bias vector (`nn.Linear` does by default; Mistral's layers do not). */
  bias: boolean;
}

/** One learnable tensor of a model. */
export interface ParameterTensor {
  /** The dotted name PyTorch gives it, e.g. `fc1.weight` or `model.layers.0.self_attn.q_proj.weight`. */
  name: string;
  /** Its shape in PyTorch's convention: `[out, in]` for a Linear weight, `[n]` for a vector. */
  shape: readonly number[];
  /** Whether training changes it (every tensor here is trainable; frozen ones would say false). */
  trainable: boolean;
}

/** A row of the parameter table: a tensor and how many numbers it holds. */
export interface ParameterRow extends ParameterTensor {
  count: number;
}

export interface ParameterCount {
  rows: ParameterRow[];
  total: number;
  trainable: number;
}

/** The number of elements in a tensor of this shape (1 for a scalar, `[]`). */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

/** The tensors of one Linear layer: an `[out, in]` weight (in*out numbers) and, if it has one, an `[out]` bias. */
export function linearParameters(layer: LinearLayer): ParameterTensor[] {
  const tensors: ParameterTensor[] = [
    { name: `${layer.name}.weight`, shape: [layer.outFeatures, layer.inFeatures], trainable: true },
  ];
  if (layer.bias) tensors.push({ name: `${layer.name}.bias`, shape: [layer.outFeatures], trainable: true });
  return tensors;
}

/** Counts tensors into table rows, a total and the trainable total. */
export function countParameters(tensors: readonly ParameterTensor[]): ParameterCount {
  const rows = tensors.map((tensor) => ({ ...tensor, count: elementCount(tensor.shape) }));
  return {
    rows,
    total: rows.reduce((sum, row) => sum + row.count, 0),
    trainable: rows.reduce((sum, row) => sum + (row.trainable ? row.count : 0), 0),
  };
}
