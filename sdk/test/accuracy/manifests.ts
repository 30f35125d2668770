// Advertised bitrate per rendition height, read from the fixture manifests themselves: the
// reference for "rendered bitrate", independent of any player or of the SDK.

/** HLS master playlist: BANDWIDTH of each variant by the height in its RESOLUTION. */
export function hlsBitrateByHeight(master: string): Map<number, number> {
  const table = new Map<number, number>();
  for (const line of master.split(/\r?\n/)) {
    if (!line.startsWith('#EXT-X-STREAM-INF:')) continue;
    const bandwidth = /(?:^|[:,])BANDWIDTH=(\d+)/.exec(line)?.[1];
    const height = /RESOLUTION=\d+x(\d+)/.exec(line)?.[1];
    if (bandwidth === undefined || height === undefined) {
      throw new Error(`variant without BANDWIDTH or RESOLUTION: ${line}`);
    }
    table.set(Number(height), Number(bandwidth));
  }
  if (table.size === 0) throw new Error('no #EXT-X-STREAM-INF in the master playlist');
  return table;
}

/** DASH MPD: bandwidth of each video representation (one with a height) by its height. */
export function dashBitrateByHeight(mpd: string): Map<number, number> {
  const table = new Map<number, number>();
  for (const match of mpd.matchAll(/<Representation\b[^>]*>/g)) {
    const tag = match[0];
    const height = /\bheight="(\d+)"/.exec(tag)?.[1];
    const bandwidth = /\bbandwidth="(\d+)"/.exec(tag)?.[1];
    if (height === undefined) continue; // audio
    if (bandwidth === undefined) throw new Error(`representation without bandwidth: ${tag}`);
    table.set(Number(height), Number(bandwidth));
  }
  if (table.size === 0) throw new Error('no video Representation in the MPD');
  return table;
}
