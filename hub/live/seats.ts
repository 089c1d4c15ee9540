/**
 * How many live sockets one key (a member, an address) holds, up to a cap. Every socket
 * costs the hub a page of events in memory while its client reads, so one token, or one
 * machine, opening socket after socket would multiply what a single connection is allowed.
 */
export class Seats {
  private readonly held = new Map<string, number>();

  constructor(private readonly cap: number) {}

  /** Takes a seat for the key; false when it already holds the cap. */
  take(key: string): boolean {
    const n = this.held.get(key) ?? 0;
    if (n >= this.cap) return false;
    this.held.set(key, n + 1);
    return true;
  }

  release(key: string): void {
    const n = (this.held.get(key) ?? 0) - 1;
    if (n > 0) this.held.set(key, n);
    else this.held.delete(key);
  }
}

/** A member's devices and tabs: the extension keeps one socket, each widget tab one. */
export const SOCKETS_PER_MEMBER = 8;
/** A household or office behind one address (an IPv6 /64) with several members. */
export const SOCKETS_PER_ADDRESS = 32;
