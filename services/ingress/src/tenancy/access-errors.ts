// The Graph errors of a token that is known but may not be used: it has expired (Meta: 190/463,
// "Session has expired"), its tenant is suspended (Meta's closest: 10, no permission for this
// action) or its business account is (Meta: 131031, "Account has been locked").
import { GraphError } from "../graph/graph-error.ts";

export const sessionExpired = () =>
  new GraphError({
    httpStatus: 401,
    code: 190,
    subcode: 463,
    type: "OAuthException",
    message: "Error validating access token: Session has expired",
  });

export const tenantSuspended = () =>
  new GraphError({
    httpStatus: 403,
    code: 10,
    type: "OAuthException",
    message: "(#10) Application does not have permission for this action",
    details: "The tenant of this access token is suspended",
  });

export const businessLocked = () =>
  new GraphError({
    httpStatus: 403,
    code: 131031,
    type: "OAuthException",
    message: "(#131031) Account has been locked",
    details: "The business account of this access token is suspended",
  });
