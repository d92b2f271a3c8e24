// Stand-in for `onnxruntime-web/webgpu` in the site's bundles (aliased in astro.config.mjs).
//
// The site uses transformers.js only for tokenizers and chat templates; it never
// runs an ONNX model in the browser (the 7B model runs through WebLLM). The real
// module would add about 400 KB of JavaScript to the tokenizer worker and a
// 27 MB WebAssembly file to the build, and it points transformers.js at a CDN
// for its wasm files. Without it, transformers.js sees no ONNX environment and
// leaves all of that alone; a model session, if anything ever asked for one,
// fails with this message instead.
const unavailable = () => {
  throw new Error('ONNX Runtime is not bundled with this site: it runs tokenizers only, not ONNX models.');
};

export const InferenceSession = { create: unavailable };
export const env = undefined;
export { Tensor } from 'onnxruntime-common';
