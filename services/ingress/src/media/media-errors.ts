// Graph-shaped errors of the media endpoints, with the details a developer needs to fix the
// upload (the accepted types, the limit that was exceeded). Never echoes file content.
import { GraphError } from "../graph/graph-error.ts";
import { describeLimit, type MediaRule, SUPPORTED_MIME_TYPES } from "./media-limits.ts";

export const unsupportedMediaType = (declared: string) =>
  new GraphError({
    httpStatus: 400,
    code: 100,
    type: "OAuthException",
    message: `(#100) Param file must be a file with one of the following types: ${SUPPORTED_MIME_TYPES.join(", ")}`,
    details: `Unsupported media type '${declared.slice(0, 100)}'`,
  });

export const mediaTooLarge = (rule: MediaRule) =>
  new GraphError({
    httpStatus: 400,
    code: 131053,
    type: "OAuthException",
    message: "(#131053) Media upload error",
    details: `File is too large: ${describeLimit(rule)}`,
  });

export const badUpload = (details: string) =>
  new GraphError({ httpStatus: 400, code: 100, type: "OAuthException", message: "(#100) Invalid parameter", details });
