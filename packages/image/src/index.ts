export * from './types.js';
export * from './synapse-memory.js';
export { isChipImage, readHeader, startsLikeChipImage, type ImageHeader } from './header.js';
export { encodeImage, decodeImage, type DecodeOptions, type DecodedImage } from './codec.js';
export { validateImage, validateStreamed, type StreamedValidation } from './validate.js';
export { schemaPath } from './proto.js';
export { formatImage, imageSummary, coreSummary, type CoreSummary } from './dump.js';
