// What the media server can serve, by URL path: fixture files, player libraries, the harness page
// and its script. Only "what" lives here; how it is sent (faults, ranges, pacing) is server.ts.
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { harnessPageHtml } from '../harness/html.js';
import { harnessScript } from '../harness/bundle.js';
import { HARNESS_PAGE_PATH, HARNESS_SCRIPT_PATH, MEDIA_PATH_PREFIX } from '../page/protocol.js';
import { contentTypeFor } from './content-type.js';
import { libraryFiles } from './libraries.js';

export interface Resource {
  body: Buffer;
  contentType: string;
}

export class ResourceResolver {
  readonly #mediaDir: string | undefined;
  readonly #libraries = libraryFiles();
  // Fixtures and libraries never change while a server runs; reading each file once keeps
  // request timing (the ground truth) free of disk latency.
  readonly #files = new Map<string, Promise<Buffer | undefined>>();

  constructor(mediaDir: string | undefined) {
    this.#mediaDir = mediaDir;
  }

  /** The resource at a decoded URL path, or undefined for 404. */
  async resolve(path: string): Promise<Resource | undefined> {
    if (path === HARNESS_PAGE_PATH) return text(harnessPageHtml(), '.html');
    if (path === HARNESS_SCRIPT_PATH) return text(await harnessScript(), '.js');
    const library = this.#libraries.get(path);
    if (library !== undefined) return this.#file(library);
    if (this.#mediaDir !== undefined && path.startsWith(MEDIA_PATH_PREFIX)) {
      const file = join(this.#mediaDir, path.slice(MEDIA_PATH_PREFIX.length));
      const inside = relative(this.#mediaDir, file);
      // Refuse anything that escapes the fixture directory (e.g. /media/../../etc/passwd).
      if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return undefined;
      return this.#file(file);
    }
    return undefined;
  }

  async #file(file: string): Promise<Resource | undefined> {
    let body = this.#files.get(file);
    if (body === undefined) {
      body = readFile(file).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'EISDIR') return undefined;
        throw error;
      });
      this.#files.set(file, body);
    }
    const bytes = await body;
    return bytes === undefined ? undefined : { body: bytes, contentType: contentTypeFor(file) };
  }
}

function text(content: string, extension: string): Resource {
  return { body: Buffer.from(content, 'utf8'), contentType: contentTypeFor(`x${extension}`) };
}
