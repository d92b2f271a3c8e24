/**
 * The pocket model's trained weights, from its safetensors file into the
 * glass box's float32 layout. Matrices are stored as int8 with one float32
 * scale per row (training/pocket/export.py): weight = int8 × scale. Only the
 * ids the corpus uses have embedding rows; `vocab.used_ids` lists them in
 * row order and every other id reads the last row.
 */
import { POCKET_CONFIG } from '../glassbox/config';
import { LAYER_FIELDS, type GlassBoxWeights, type LayerWeights } from '../glassbox/weights';
import type { MistralConfig } from '../model/mistral-config';
import { decoderLayerModules } from '../model/mistral-parameters';
import { parseSafetensors, tensorData, tensorShape, type Safetensors } from './safetensors';

function expectShape(file: Safetensors, name: string, shape: readonly number[]) {
  const actual = tensorShape(file, name);
  if (actual.join('x') !== shape.join('x'))
    throw new Error(
      `The model file does not fit this architecture: ${name} is ${actual.join(' × ')}, the config wants ${shape.join(' × ')}.`,
    );
}

/** An int8 matrix and its per-row scales, as float32. */
function dequantise(file: Safetensors, name: string, rows: number, cols: number): Float32Array {
  expectShape(file, `${name}.weight`, [rows, cols]);
  expectShape(file, `${name}.scale`, [rows]);
  const q = tensorData(file, `${name}.weight`, 'I8');
  const scale = tensorData(file, `${name}.scale`, 'F32');
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const s = scale[r]!;
    for (let c = r * cols, end = c + cols; c < end; c++) out[c] = q[c]! * s;
  }
  return out;
}

function norm(file: Safetensors, name: string, size: number): Float32Array {
  expectShape(file, `${name}.weight`, [size]);
  return tensorData(file, `${name}.weight`, 'F32');
}

/** Reads the pocket model's weights from the bytes of its safetensors file. */
export function pocketWeights(
  buffer: ArrayBuffer,
  config: Readonly<MistralConfig> = POCKET_CONFIG,
): GlassBoxWeights {
  const file = parseSafetensors(buffer);
  const used = tensorData(file, 'vocab.used_ids', 'U16');
  const rows = used.length + 1;
  const rowOfId = new Uint16Array(config.vocabSize).fill(rows - 1);
  used.forEach((id, row) => {
    if (id >= config.vocabSize) throw new Error(`The model file lists id ${id}, outside the vocabulary.`);
    rowOfId[id] = row;
  });
  const hidden = config.hiddenSize;
  const embed = dequantise(file, 'model.embed_tokens', rows, hidden);
  const modules = decoderLayerModules(config);
  const layers = Array.from({ length: config.numLayers }, (_, index) => {
    const layer = {} as LayerWeights;
    for (const module of modules) {
      const name = `model.layers.${index}.${module.name}`;
      layer[LAYER_FIELDS[module.name]!] =
        module.kind === 'rmsnorm'
          ? norm(file, name, module.outFeatures)
          : dequantise(file, name, module.outFeatures, module.inFeatures);
    }
    return layer;
  });
  const lmHead = config.tieWordEmbeddings ? embed : dequantise(file, 'lm_head', rows, hidden);
  return { embed, layers, norm: norm(file, 'model.norm', hidden), lmHead, rows, rowOfId };
}
