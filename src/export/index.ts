// Public face of exports: one streaming function per format, chosen by name, with the filters of `query`.
import { RasadError } from "../contract/index.js";
import type { Store, ClaimFilter, EdgeFilter } from "../store/index.js";
import { exportFtm } from "./ftm.js";
import { exportAcled } from "./acled.js";
import { exportGexf, exportGraphml } from "./graph.js";
import { exportGeojson } from "./geojson.js";
import { exportJsonl } from "./jsonl.js";

export { exportFtm, exportAcled, exportGexf, exportGraphml, exportGeojson, exportJsonl };
export { ACLED_COLUMNS, RASAD_COLUMNS } from "./acled.js";
export { entityFtmId, docFtmId, type FtmEntity } from "./ftm.js";
export { entityLabel, csv, xml } from "./common.js";

export const EXPORT_FORMATS = ["ftm", "acled", "gexf", "graphml", "geojson", "jsonl"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** MIME type and file extension of each format (for downloads). */
export const FORMAT_INFO: Record<ExportFormat, { contentType: string; extension: string; what: string }> = {
  ftm: { contentType: "application/x-ndjson", extension: "ftm.json", what: "FollowTheMoney entities for Aleph (JSON lines)" },
  acled: { contentType: "text/csv; charset=utf-8", extension: "csv", what: "ACLED-style CSV of events, plus flows" },
  gexf: { contentType: "application/gexf+xml", extension: "gexf", what: "GEXF network for Gephi" },
  graphml: { contentType: "application/graphml+xml", extension: "graphml", what: "GraphML network" },
  geojson: { contentType: "application/geo+json", extension: "geojson", what: "GeoJSON places, events and flows for QGIS" },
  jsonl: { contentType: "application/x-ndjson", extension: "jsonl", what: "claims with evidence (JSON lines)" },
};

export function isExportFormat(s: string): s is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(s);
}

/** The export of a store under a filter, as a stream of text chunks. */
export function exportStream(store: Store, format: string, filter: ClaimFilter & EdgeFilter = {}): AsyncGenerator<string> {
  switch (format) {
    case "ftm": return exportFtm(store, filter);
    case "acled": return exportAcled(store, filter);
    case "gexf": return exportGexf(store, filter);
    case "graphml": return exportGraphml(store, filter);
    case "geojson": return exportGeojson(store, filter);
    case "jsonl": return exportJsonl(store, filter);
    default: throw new RasadError("BAD_PARAM", `unknown format ${format}; one of ${EXPORT_FORMATS.join(", ")}`, { param: "format" });
  }
}
