'use client';
// The API reference: Swagger UI (swagger-ui-dist, served from Wharf's own bundle, no CDN)
// rendering /api/v1/openapi.json. It loads only on /api-docs, and fits the pages' CSP as is:
// scripts come through Next.js's nonce'd loader, it sets only inline styles and data: images.
import 'swagger-ui-dist/swagger-ui.css';
import { useEffect, useRef, useState } from 'react';

export function ApiReference({ url }: { url: string }) {
  const host = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    import('swagger-ui-dist/swagger-ui-es-bundle.js')
      .then(({ default: SwaggerUIBundle }) => {
        if (cancelled || !host.current) return;
        SwaggerUIBundle({
          url,
          domNode: host.current,
          presets: [SwaggerUIBundle.presets.apis],
          layout: 'BaseLayout',
          validatorUrl: null,
          deepLinking: true,
          defaultModelsExpandDepth: 0,
          docExpansion: 'list',
        });
      })
      .catch((err: Error) => setFailed(err.message));
    return () => {
      cancelled = true;
    };
  }, [url]);
  return (
    <>
      {failed ? <p role="alert">The API reference could not be loaded: {failed}</p> : null}
      {/* Swagger UI has a light theme only. */}
      <div ref={host} className="rounded-lg bg-white text-black" data-testid="api-reference" />
    </>
  );
}
