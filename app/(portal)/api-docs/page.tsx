import type { Metadata } from 'next';
import { ApiReference } from '@/components/api-docs/api-reference';

export const metadata: Metadata = { title: 'API reference' };

// GET /api-docs – the REST API's reference, rendered from /api/v1/openapi.json; open signed out
// (the document lists no secrets, only what the API offers).
export default function ApiDocsPage() {
  return <ApiReference url="/api/v1/openapi.json" />;
}
