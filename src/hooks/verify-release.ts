/**
 * Verifies release notifications signed per the Standard Webhooks specification
 * (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>`), using the
 * specification's own reference implementation (npm `standardwebhooks`) for the signature,
 * the constant-time compare and the 5-minute timestamp tolerance. What the library leaves to
 * the receiver is replay protection: a message id is accepted once.
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/** The specification's tolerance; an id must be remembered at least this long (both directions). */
export const TIMESTAMP_TOLERANCE_MS = 5 * 60 * 1000;

export type Verdict = { ok: true; id: string } | { ok: false; reason: string };

export class ReleaseVerifier {
  private readonly webhook: Webhook;
  /** id → time after which a replay would fail the timestamp check anyway. */
  private readonly seen = new Map<string, number>();

  constructor(secret: string) {
    if (!/^whsec_[A-Za-z0-9+/=]+$/.test(secret)) {
      throw new Error('APERTURE_WEBHOOK_SECRET must be a Standard Webhooks secret: whsec_ followed by base64');
    }
    this.webhook = new Webhook(secret);
  }

  verify(body: Buffer, headers: Record<string, string | string[] | undefined>): Verdict {
    const id = single(headers['webhook-id']);
    const timestamp = single(headers['webhook-timestamp']);
    const signature = single(headers['webhook-signature']);
    if (!id || !timestamp || !signature) return { ok: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature' };
    try {
      this.webhook.verify(body, { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature });
    } catch (error) {
      return { ok: false, reason: error instanceof WebhookVerificationError ? error.message : 'signature could not be verified' };
    }
    const now = Date.now();
    this.forgetExpired(now);
    if (this.seen.has(id)) return { ok: false, reason: `message ${id} was already received (replay)` };
    // A timestamp up to the tolerance in the future is accepted, so remember the id until
    // that message could no longer pass the timestamp check.
    this.seen.set(id, Number(timestamp) * 1000 + TIMESTAMP_TOLERANCE_MS);
    return { ok: true, id };
  }

  private forgetExpired(now: number): void {
    for (const [id, until] of this.seen) if (until < now) this.seen.delete(id);
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
