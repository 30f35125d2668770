// Random identifiers from the platform's CSPRNG (ids must not collide across millions of views).

export function randomHex(bytes: number): string {
  const values = new Uint8Array(bytes);
  crypto.getRandomValues(values);
  let hex = '';
  for (let i = 0; i < values.length; i += 1)
    hex += (values[i] as number).toString(16).padStart(2, '0');
  return hex;
}
