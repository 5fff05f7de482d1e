import { NextResponse } from 'next/server';
import { openApiDocument } from '@/lib/openapi';

// GET /api/v1/openapi.json – the OpenAPI document of this API
export function GET() {
  return NextResponse.json(openApiDocument);
}
