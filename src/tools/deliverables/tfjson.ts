/** Moved to src/tools/tfjson (one reader for every tool); re-exported so the deliverables' imports stay as they were. */
export * from '../tfjson/tfjson';
