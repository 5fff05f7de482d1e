'use client';

export default function GlobalError({ reset }: { error: Error; reset: () => void }) {
  return (
    <html lang="en">
      <body
        style={{
          fontFamily: 'system-ui, sans-serif',
          display: 'grid',
          placeItems: 'center',
          minHeight: '100vh',
          margin: 0,
        }}
      >
        <div role="alert" style={{ maxWidth: 480, textAlign: 'center' }}>
          <h1>Wharf is temporarily unavailable</h1>
          <p>A service Wharf needs (most often the database) cannot be reached. Try again in a moment.</p>
          <button onClick={reset}>Try again</button>
        </div>
      </body>
    </html>
  );
}
