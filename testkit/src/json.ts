// JSON values as TypeScript types: what may cross into the page (player config) or out of the
// server (fault bodies) without losing anything in serialisation.
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export type JsonObject = { [key: string]: JsonValue };
