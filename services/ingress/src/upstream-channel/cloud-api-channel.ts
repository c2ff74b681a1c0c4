// Cloud API adapter of the UpstreamChannel: posts the business's validated Graph body — or Meta's
// mark-read body — to `{baseUrl}/{version}/{phone_number_id}/messages`, retrying as graph-post.ts
// does; other errors come back as Meta's error. Numbers and business accounts are registered under
// their Meta ids, so the thread's ids are the ones Meta knows. Token and version are the
// business's own (meta-access.ts), else the configured ones. Our media ids in a send are uploaded
// to Meta on first use and replaced by Meta's (meta-media.ts). The token is never logged. A
// message send is never posted again once a post may have reached Meta (send-once-fetch.ts), and
// carries our message id in its `biz_opaque_callback_data` (upstream-ids/callback-wrapper.ts), so
// Meta's statuses of a send whose answer was lost still name our message.
import { OUTCOME_UNKNOWN_CODE, OUTCOME_UNKNOWN_TITLE } from "@switchboard/proto";
import { withOurCallbackData } from "../upstream-ids/callback-wrapper.ts";
import { type GraphPostOptions, graphPoster } from "./graph-post.ts";
import type { GraphAccess, MetaAccess } from "./meta-access.ts";
import { failureFromGraphBody } from "./meta-error.ts";
import { metaMediaBodies, type OutboundMedia } from "./meta-media.ts";
import { OUTCOME_UNKNOWN_DETAILS, sendOnceFetch } from "./send-once-fetch.ts";
import {
  markReadBodyJson,
  type ReadResult,
  type SendResult,
  type UpstreamChannel,
  type UpstreamFailure,
} from "./upstream-channel.ts";

export interface CloudApiOptions extends GraphPostOptions {
  baseUrl: string;
  /** The business's own token and version; without it (or when it has none), the two below. */
  access?: MetaAccess;
  apiVersion: string;
  accessToken?: string | undefined;
  /** The business's uploaded media and where Meta's ids for them are kept; without it, bodies go as they are. */
  media?: OutboundMedia;
}

/** What Meta answers a call without a valid token; here the call is not even made. */
const noCredentials: UpstreamFailure = {
  code: 190,
  title: "Invalid OAuth access token",
  message: "Invalid OAuth access token",
  details: "No Meta credentials are registered for this business account",
  httpStatus: 401,
};

/** What a send whose last post may have reached Meta is reported as (provisional: Meta's statuses supersede it). */
const lostAnswer = {
  code: OUTCOME_UNKNOWN_CODE,
  title: OUTCOME_UNKNOWN_TITLE,
  message: OUTCOME_UNKNOWN_TITLE,
  details: OUTCOME_UNKNOWN_DETAILS,
};

export function createCloudApiChannel(options: CloudApiOptions): UpstreamChannel {
  const post = graphPoster(options);
  const base = options.baseUrl.replace(/\/+$/, "");
  const configured: GraphAccess | undefined =
    options.accessToken === undefined
      ? undefined
      : { accessToken: options.accessToken, apiVersion: options.apiVersion };

  const metaBody = options.media ? metaMediaBodies(options.media, post, base) : undefined;
  const accessFor = async (scope: { tenantId: string; businessId: string }) =>
    (await options.access?.(scope)) ?? configured;
  const messagesUrl = (access: GraphAccess, phoneNumberId: string) =>
    `${base}/${encodeURIComponent(access.apiVersion)}/${encodeURIComponent(phoneNumberId)}/messages`;

  return {
    async send(message): Promise<SendResult> {
      const access = await accessFor(message.thread);
      if (!access) return { ok: false, failure: noCredentials };
      const body = metaBody ? await metaBody(message, access) : { ok: true as const, bodyJson: message.bodyJson };
      if (!body.ok) return body;
      // Per send: its retries stop posting after a timeout or a dropped connection.
      const once = sendOnceFetch(options.fetch ?? fetch);
      const postOnce = graphPoster({ ...options, fetch: once });
      const answer = await postOnce(
        messagesUrl(access, message.thread.phoneNumberId),
        access.accessToken,
        withOurCallbackData(body.bodyJson, message.messageId),
      );
      // A post timed out or was cut (the last attempt too, with none after it to say so): Meta may
      // have the message, so this is "outcome unknown", never a refusal.
      if (!answer.ok && once.mayHaveArrived()) return { ok: false, failure: { ...answer.failure, ...lostAnswer } };
      if (!answer.ok) return answer;
      const id = (answer.body as { messages?: { id?: unknown }[] } | undefined)?.messages?.[0]?.id;
      if (typeof id === "string") return { ok: true, upstreamMessageId: id };
      // Meta said yes (2xx) but its answer was cut or unreadable: it has the message and will
      // report it, so this is the provisional "outcome unknown", not a refusal.
      return { ok: false, failure: { ...lostAnswer, httpStatus: answer.httpStatus } };
    },

    async markRead(read): Promise<ReadResult> {
      const access = await accessFor(read);
      if (!access) return { ok: false, failure: noCredentials };
      const answer = await post(messagesUrl(access, read.phoneNumberId), access.accessToken, markReadBodyJson(read));
      if (!answer.ok) return answer;
      // Meta answers `{"success": true}`; anything else did not take the read.
      if ((answer.body as { success?: unknown } | undefined)?.success === true) return { ok: true };
      return { ok: false, failure: failureFromGraphBody(undefined, answer.httpStatus) };
    },
  };
}
