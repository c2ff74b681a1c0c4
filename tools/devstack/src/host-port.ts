// Parsing of host:port lists and MongoDB URIs into addresses we can probe by TCP. Pure functions:
// they never touch the network.

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

export function parseHostPort(text: string, defaultPort?: number): HostPort {
  const trimmed = text.trim();
  // [::1]:9092 style IPv6, else the last colon separates the port.
  const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(trimmed) ?? /^([^:[\]]+)(?::(\d+))?$/.exec(trimmed);
  const host = match?.[1];
  const portText = match?.[2];
  if (host === undefined) throw new Error(`"${text}" is not host:port`);
  if (portText === undefined) {
    if (defaultPort === undefined) throw new Error(`"${text}" has no port`);
    return { host, port: defaultPort };
  }
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`"${text}" has port out of range`);
  }
  return { host, port };
}

export function parseBrokerList(text: string): HostPort[] {
  const entries = text.split(",").map((entry) => entry.trim());
  if (entries.some((entry) => entry === "")) throw new Error(`"${text}" has an empty entry`);
  return entries.map((entry) => parseHostPort(entry));
}

/** Hosts of a mongodb:// URI (credentials, path and options dropped); null for mongodb+srv. */
export function mongoUriHosts(uri: string): HostPort[] | null {
  if (uri.startsWith("mongodb+srv://")) return null;
  const match = /^mongodb:\/\/(?:[^@/]*@)?([^/?]+)/.exec(uri);
  const hostList = match?.[1];
  if (hostList === undefined) throw new Error(`"${uri}" is not a mongodb:// URI`);
  return hostList.split(",").map((entry) => parseHostPort(entry, 27017));
}

export function formatHostPort({ host, port }: HostPort): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
