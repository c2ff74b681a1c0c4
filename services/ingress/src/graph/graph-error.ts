// Errors in Meta's Graph API shape, with Meta's codes and HTTP statuses, so existing Cloud API
// clients handle our errors as they handle Meta's. Messages are for the business developer and
// never include internals.
export interface GraphErrorBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    error_data?: { messaging_product: "whatsapp"; details: string };
    fbtrace_id: string;
  };
}

export class GraphError extends Error {
  override readonly name = "GraphError";
  readonly httpStatus: number;
  readonly code: number;
  readonly type: string;
  readonly subcode: number | undefined;
  readonly details: string | undefined;

  constructor(fields: {
    httpStatus: number;
    code: number;
    type: string;
    message: string;
    subcode?: number;
    details?: string;
  }) {
    super(fields.message);
    this.httpStatus = fields.httpStatus;
    this.code = fields.code;
    this.type = fields.type;
    this.subcode = fields.subcode;
    this.details = fields.details;
  }

  toBody(fbtraceId: string): GraphErrorBody {
    return {
      error: {
        message: this.message,
        type: this.type,
        code: this.code,
        ...(this.subcode === undefined ? {} : { error_subcode: this.subcode }),
        ...(this.details === undefined ? {} : { error_data: { messaging_product: "whatsapp", details: this.details } }),
        fbtrace_id: fbtraceId,
      },
    };
  }
}
