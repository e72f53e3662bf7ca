export * from './graph.js';
export * from './target.js';
