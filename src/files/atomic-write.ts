/**
 * Writes a whole file or nothing: the bytes go to a uniquely named temporary file beside the
 * target, which is then renamed over it. A reader (or a build killed half-way) sees the old
 * file or the new one, never a torn one, and two writers never share a temporary file.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';

export async function writeFileAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true }).catch(() => {});
    throw error;
  }
}
