// The SDK's own OpenTelemetry providers, used when the page does not bring its own: a tracer and a
// logger provider sharing one BatchingProcessor, so spans and events of a view travel together.
import type { Tracer } from '@opentelemetry/api';
import type { Logger } from '@opentelemetry/api-logs';
import { defaultResource, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import type { ResourceAttributes } from '../generated/contract.js';
import type { BatchingProcessor } from './batching-processor.js';
import { INSTRUMENTATION_NAME } from './otel-sink.js';

export interface OwnProviders {
  tracer: Tracer;
  logger: Logger;
  shutdown(): Promise<void>;
}

export function createProviders(processor: BatchingProcessor, version: string): OwnProviders {
  const tracerProvider = new TracerProvider({ spanProcessors: [processor] });
  const loggerProvider = new LoggerProvider({ processors: [processor] });
  return {
    tracer: tracerProvider.getTracer(INSTRUMENTATION_NAME, version),
    logger: loggerProvider.getLogger(INSTRUMENTATION_NAME, version),
    async shutdown() {
      await Promise.all([tracerProvider.shutdown(), loggerProvider.shutdown()]);
    },
  };
}

/** The resource sent with each batch: OpenTelemetry's defaults plus who and what is watching. */
export function buildResource(attributes: Partial<ResourceAttributes>): Resource {
  const defined: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes))
    if (value !== undefined) defined[key] = String(value);
  return defaultResource().merge(resourceFromAttributes(defined));
}
