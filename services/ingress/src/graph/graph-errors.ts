// The Graph errors ingress raises, named after what went wrong. Codes follow Meta's Cloud API
// error reference: 190 token, 100 generic parameter / unknown object (subcode 33), 131008 missing
// parameter, 131009 invalid parameter value, 130429 throughput, 131056 pair rate, 2 temporary.
import { GraphError } from "./graph-error.ts";

export const invalidAccessToken = () =>
  new GraphError({
    httpStatus: 401,
    code: 190,
    type: "OAuthException",
    message: "Invalid OAuth access token - Cannot parse access token",
  });

export const unknownObject = (id: string) =>
  new GraphError({
    httpStatus: 400,
    code: 100,
    subcode: 33,
    type: "GraphMethodException",
    message: `Unsupported post request. Object with ID '${id.slice(0, 64)}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`,
  });

export const invalidParameter = (details: string) =>
  new GraphError({ httpStatus: 400, code: 100, type: "OAuthException", message: "(#100) Invalid parameter", details });

export const missingParameter = (details: string) =>
  new GraphError({
    httpStatus: 400,
    code: 131008,
    type: "OAuthException",
    message: "(#131008) Required parameter is missing",
    details,
  });

export const invalidParameterValue = (details: string) =>
  new GraphError({
    httpStatus: 400,
    code: 131009,
    type: "OAuthException",
    message: "(#131009) Parameter value is not valid",
    details,
  });

export const serviceUnavailable = () =>
  new GraphError({ httpStatus: 503, code: 2, type: "OAuthException", message: "Service temporarily unavailable" });

export const unknownError = () =>
  new GraphError({ httpStatus: 500, code: 1, type: "OAuthException", message: "An unknown error occurred" });
