/** The sending side of a release notification, as an archive catalogue would sign it. */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export const SECRET = 'whsec_' + Buffer.from('aperture test secret, 32 bytes!!').toString('base64');

export function signedHeaders(body: string, options: { id?: string; at?: Date; secret?: string } = {}): Record<string, string> {
  const id = options.id ?? 'msg_' + randomBytes(8).toString('hex');
  const at = options.at ?? new Date();
  const signature = new Webhook(options.secret ?? SECRET).sign(id, at, body);
  return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature };
}
