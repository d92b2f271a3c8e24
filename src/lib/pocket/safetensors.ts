/**
 * Reads a safetensors file (https://huggingface.co/docs/safetensors): an
 * 8-byte little-endian header length, a JSON header naming each tensor's
 * dtype, shape and byte range, then the raw little-endian data. The format
 * exists so a file can be read without running code from it; this reader
 * checks every offset against the file's length, so a truncated or damaged
 * download is reported, never half-read.
 */

export type SafetensorsDtype = 'I8' | 'U8' | 'U16' | 'I32' | 'F16' | 'F32';

export interface TensorEntry {
  dtype: SafetensorsDtype;
  shape: number[];
  /** The tensor's bytes (a view into the file's buffer, not a copy). */
  bytes: Uint8Array;
}

export interface Safetensors {
  tensors: Map<string, TensorEntry>;
  metadata: Record<string, string>;
}

const ITEM_SIZE: Record<SafetensorsDtype, number> = { I8: 1, U8: 1, U16: 2, I32: 4, F16: 2, F32: 4 };
/** A header larger than this is not a model file of ours (the pocket model's is about 8 KB). */
const MAX_HEADER = 1 << 20;

const damaged = (why: string) => new Error(`The model file is damaged or incomplete: ${why}.`);

export function parseSafetensors(buffer: ArrayBuffer): Safetensors {
  if (buffer.byteLength < 8) throw damaged(`it has ${buffer.byteLength} bytes, fewer than a header needs`);
  const view = new DataView(buffer);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > MAX_HEADER || 8 + headerLength > buffer.byteLength)
    throw damaged(
      `its header claims ${headerLength.toLocaleString('en')} bytes of ${buffer.byteLength.toLocaleString('en')}`,
    );
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, headerLength)));
  } catch {
    throw damaged('its header is not JSON');
  }
  const dataStart = 8 + headerLength;
  const dataLength = buffer.byteLength - dataStart;
  const tensors = new Map<string, TensorEntry>();
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = value as Record<string, string>;
      continue;
    }
    const entry = value as { dtype: string; shape: number[]; data_offsets: [number, number] };
    if (!(entry.dtype in ITEM_SIZE)) throw damaged(`tensor ${name} has the unknown type ${entry.dtype}`);
    const dtype = entry.dtype as SafetensorsDtype;
    const [begin, end] = entry.data_offsets;
    const count = entry.shape.reduce((a, b) => a * b, 1);
    if (!(begin >= 0 && end <= dataLength && end - begin === count * ITEM_SIZE[dtype]))
      throw damaged(`tensor ${name} does not fit in the file (bytes ${begin} to ${end} of ${dataLength})`);
    tensors.set(name, {
      dtype,
      shape: entry.shape,
      bytes: new Uint8Array(buffer, dataStart + begin, end - begin),
    });
  }
  return { tensors, metadata };
}

/** The tensor `name` as a typed array of its dtype, copied so it is aligned whatever its offset. */
export function tensorData(file: Safetensors, name: string, dtype: 'I8'): Int8Array;
export function tensorData(file: Safetensors, name: string, dtype: 'U16'): Uint16Array;
export function tensorData(file: Safetensors, name: string, dtype: 'F32'): Float32Array;
export function tensorData(
  file: Safetensors,
  name: string,
  dtype: 'I8' | 'U16' | 'F32',
): Int8Array | Uint16Array | Float32Array {
  const entry = file.tensors.get(name);
  if (!entry) throw damaged(`it has no tensor ${name}`);
  if (entry.dtype !== dtype) throw damaged(`tensor ${name} is ${entry.dtype}, not ${dtype}`);
  const copy = entry.bytes.slice().buffer;
  if (dtype === 'I8') return new Int8Array(copy);
  if (dtype === 'U16') return new Uint16Array(copy);
  return new Float32Array(copy);
}

/** The shape of tensor `name`. */
export function tensorShape(file: Safetensors, name: string): number[] {
  const entry = file.tensors.get(name);
  if (!entry) throw damaged(`it has no tensor ${name}`);
  return entry.shape;
}
