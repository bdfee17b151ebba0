// The chart-file walks answered from Node's fs live in node/ (shared with the editor's rendering).
export * from '../../../node/files/nodeFiles';
