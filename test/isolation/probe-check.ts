// Judges one cross-tenant or cross-business probe: `actor`'s credentials naming `target`'s
// objects. The actor gets nothing of the target's (a refusal in Graph's error shape, or an answer
// holding none of the target's identifiers), no port is ever called in the target's scope, no
// write changes anything outside the actor's own scope, and nothing is published for another
// tenant.
import { graphErrorShapeProblem } from "../support/graph-error-shape.ts";
import type { InProcessIngress } from "../support/in-process-ingress.ts";
import type { Party } from "../support/probe-world.ts";
import type { ProbeRequest } from "../support/route-table.ts";

/** What only the target's own data holds: none of it may reach the actor. */
export function secretsOf(target: Party): string[] {
  return [
    target.threadId,
    target.messageId,
    target.mediaId,
    target.templateId,
    target.templateName,
    target.approvedTemplateId,
    target.approvedTemplateName,
    target.retailerId,
    target.productItemId,
    target.callbackUrl,
    target.customerId,
    target.tokenId,
    target.phoneNumberId,
    target.businessId,
  ];
}

export interface ProbeContext {
  ingress: InProcessIngress;
  /** The credentials' owner, or undefined for the operator's admin token. */
  actor: Party | undefined;
  target: Party;
  /** Must the answer be a refusal (4xx)? Admin routes with a business token, for instance. */
  mustRefuse: boolean;
}

export async function probe(context: ProbeContext, request: ProbeRequest, headers: Record<string, string>) {
  const { ingress, actor, target } = context;
  const callsBefore = ingress.recorder.calls.length;
  const recordsBefore = ingress.bus.records.length;
  const json = request.body !== undefined && !Buffer.isBuffer(request.body);
  const response = await ingress.service.http.inject({
    method: request.method,
    url: request.url,
    headers: {
      ...headers,
      ...(request.contentType
        ? { "content-type": request.contentType }
        : json
          ? { "content-type": "application/json" }
          : {}),
    },
    ...(request.body === undefined
      ? {}
      : { payload: Buffer.isBuffer(request.body) ? request.body : JSON.stringify(request.body) }),
  });
  const problems: string[] = [];
  const refused = response.statusCode >= 400 && response.statusCode < 500;
  if (response.statusCode >= 500) problems.push(`answered ${response.statusCode}`);
  if (refused) {
    const shape = graphErrorShapeProblem(response.body);
    if (shape) problems.push(`error shape: ${shape}`);
  } else {
    if (context.mustRefuse) problems.push(`not refused: ${response.statusCode}`);
    const asked = `${request.url} ${json ? JSON.stringify(request.body) : ""}`;
    for (const secret of secretsOf(target))
      if (!asked.includes(secret) && response.body.includes(secret))
        problems.push(`answer holds ${target.name}'s ${secret}`);
  }
  const calls = ingress.recorder.calls.slice(callsBefore);
  for (const call of calls) {
    const scope = call.scope;
    if (!scope) continue;
    const own =
      actor !== undefined &&
      scope.tenantId === actor.tenantId &&
      (scope.businessId === undefined || scope.businessId === actor.businessId);
    if (actor !== undefined && !own)
      problems.push(`${call.port}.${call.method} called in scope ${JSON.stringify(scope)}`);
    else if (actor === undefined && call.writes && call.effect !== "none")
      problems.push(`${call.port}.${call.method} changed data for a path mixing tenants`);
    if (actor !== undefined && call.writes && call.effect !== "none" && !own)
      problems.push(`${call.port}.${call.method} wrote outside ${actor.name}'s scope`);
  }
  for (const record of ingress.bus.records.slice(recordsBefore)) {
    const tenant = record.headers.ce_tenantid;
    if (actor === undefined || tenant !== actor.tenantId)
      problems.push(`published ${record.topic} for tenant ${tenant}`);
    if (refused) problems.push(`refused but published ${record.topic}`);
  }
  return { statusCode: response.statusCode, problems };
}
