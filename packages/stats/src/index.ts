// Public face of @parcours/stats: arrays in, numbers out, no runtime dependencies.
export {};
