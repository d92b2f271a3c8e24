// Stand-in for onnxruntime-node (see package.json). Anything that tries to run an
// ONNX session in Node gets a clear error instead of a missing-module crash.
const unavailable = () => {
  throw new Error(
    'onnxruntime-node is stubbed out in this project: ONNX inference in Node is not supported.',
  );
};
module.exports = {
  InferenceSession: { create: unavailable },
  Tensor: class {},
  env: {},
  listSupportedBackends: () => [],
};
