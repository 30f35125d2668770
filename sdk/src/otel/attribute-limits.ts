// S10: attribute limits per span and log record — count, string length (the contract's per-
// attribute limit, else the default), array length. Over-long values are truncated and surplus
// attributes dropped; every cut is counted, never thrown.
import type { AttributeValue, Attributes } from '@opentelemetry/api';
import { ATTRIBUTE_MAX_LENGTH, LIMITS } from '../generated/contract.js';

export interface AttributeLimits {
  maxAttributes: number;
  maxStringLength: number;
  maxArrayLength: number;
  perAttributeMaxLength: { readonly [name: string]: number };
}

export const DEFAULT_ATTRIBUTE_LIMITS: AttributeLimits = {
  maxAttributes: LIMITS.attributesPerItem,
  maxStringLength: LIMITS.stringLength,
  maxArrayLength: LIMITS.arrayLength,
  perAttributeMaxLength: ATTRIBUTE_MAX_LENGTH,
};

export interface Limited {
  attributes: Attributes;
  /** How many values were truncated or attributes dropped. */
  cuts: number;
}

export function limitAttributes(
  input: { readonly [name: string]: AttributeValue | undefined },
  limits: AttributeLimits = DEFAULT_ATTRIBUTE_LIMITS,
): Limited {
  const attributes: Attributes = {};
  let cuts = 0;
  let count = 0;
  for (const name of Object.keys(input)) {
    const value = input[name];
    if (value === undefined || value === null) continue;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      cuts += 1; // NaN/Infinity cannot be encoded in OTLP JSON
      continue;
    }
    if (count >= limits.maxAttributes) {
      cuts += 1;
      continue;
    }
    const maxLength = limits.perAttributeMaxLength[name] ?? limits.maxStringLength;
    if (typeof value === 'string' && value.length > maxLength) {
      attributes[name] = value.slice(0, maxLength);
      cuts += 1;
    } else if (Array.isArray(value) && value.length > limits.maxArrayLength) {
      attributes[name] = value.slice(0, limits.maxArrayLength) as AttributeValue;
      cuts += 1;
    } else {
      attributes[name] = value;
    }
    count += 1;
  }
  return { attributes, cuts };
}
