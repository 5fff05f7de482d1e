// GET /api/v1/system/token-certificate – the PEM certificate for the registry's auth.token.rootcertbundle
import { NextResponse } from 'next/server';
import { getSigningKey } from '@/lib/tokens/signing';

export const dynamic = 'force-dynamic';

export async function GET() {
  const key = await getSigningKey();
  return new NextResponse(key.certificatePem, {
    headers: {
      'Content-Type': 'application/x-pem-file',
      'Content-Disposition': 'attachment; filename="wharf-token.crt"',
    },
  });
}
