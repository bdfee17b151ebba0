/**
 * Chart files: Chart.yaml's name, which files are templates and how they are read, and walks that find
 * charts and their templates on any file system (see walk.ts). Pure: callers answer the walks' requests.
 */
export { chartYamlName } from './chartYaml';
export { BINARY_PROBE, checkTemplateText, MAX_TEMPLATE_BYTES, templateSizeSkip, templateText, utf8 } from './templateGate';
export type { TemplateSkip, DecodedTemplate } from './templateGate';
export { runAsync, runSync } from './walk';
export type { AsyncFileSystem, DirEntry, Entry, EntryKind, FileRequest, FileSystem, Listing, Walk } from './walk';
export { chartsOf, findCharts, isSkippedFolder, isTemplateFile, listTemplates, MAX_CHART_DEPTH, readChart, storedPaths, templateCandidates } from './charts';
export type { ChartFiles, FoundCharts, ReadChartOptions, StoredPath, Unreadable } from './charts';
