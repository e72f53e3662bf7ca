/**
 * @snnc/report: deterministic, self-contained SVG charts and HTML pages for training curves,
 * traffic matrices, core-utilisation maps and spike rasters. Pure functions: data in, string out.
 */
export { escapeHtml, formatPercent, formatValue, num } from './format.js';
export { colorAt, MISSING_COLOR, SERIES_COLORS, type ColorScaleName } from './color.js';
export { lineChart, type LineChartSpec, type LineSeries } from './line-chart.js';
export { barChart, type BarChartSpec, type BarSeries } from './bar-chart.js';
export { heatmap, type HeatmapSpec, type BinReduce } from './heatmap.js';
export { meshMap, type MeshMapSpec, type MeshChip, type MeshCore } from './mesh-map.js';
export { rasterPlot, spikesFromRaster, type RasterPlotSpec, type RasterBand } from './raster-plot.js';
export { table, htmlPage, type Cell, type TableOptions, type PageSpec, type PageSection } from './html.js';
export { placementCsv, placementReportHtml } from './pages/placement.js';
export { describeRateSchedule, trainingReportHtml, type TrainingReportInput } from './pages/training.js';
export { emulationSummary, emulationRasterSvg, emulationReportHtml } from './pages/emulation.js';
