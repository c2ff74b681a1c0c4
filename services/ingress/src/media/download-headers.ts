// The headers a media download is answered with: the stored type, and never a page — the browser
// must not sniff another type from the bytes (`nosniff`) nor render the file inline (`attachment`),
// so an uploaded HTML or SVG file cannot run script on our origin. The filename is reduced to
// characters that need no quoting, so nothing a client chose can break out of the header.
export function downloadHeaders(media: {
  mediaId: string;
  mimeType: string;
  fileSize: number;
}): Record<string, string> {
  const filename = media.mediaId.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 100) || "media";
  return {
    "content-type": media.mimeType,
    "content-length": String(media.fileSize),
    "cache-control": "private, no-store",
    "x-content-type-options": "nosniff",
    "content-disposition": `attachment; filename="${filename}"`,
  };
}
