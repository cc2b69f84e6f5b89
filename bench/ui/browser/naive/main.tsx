// The comparison renderer: the chat pattern of a typical `useWebSocket` hook.
// One socket straight to the relay (token in the query), one setState per
// message appending to an array, every message in the DOM, a scroll to the
// bottom after each render. Deliberately no batching, no virtualization, no
// windowing; otherwise ordinary, production-built React 19 with stable keys.
import { useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';

interface ChatMessage {
  id: string;
  sender: string;
  body: string;
}

function isChatMessage(frame: unknown): frame is ChatMessage & { type: 'message' } {
  if (typeof frame !== 'object' || frame === null) return false;
  const f = frame as Record<string, unknown>;
  return f['type'] === 'message' && typeof f['id'] === 'string' && typeof f['sender'] === 'string' && typeof f['body'] === 'string';
}

function useWebSocket(url: string, threadId: string): { messages: ChatMessage[]; open: boolean } {
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const ws = new WebSocket(url);
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: 'subscribe', thread_id: threadId }));
      setOpen(true);
    };
    ws.onclose = () => setOpen(false);
    ws.onmessage = (event: MessageEvent<string>) => {
      const frame: unknown = JSON.parse(event.data);
      if (isChatMessage(frame)) setMessages((prev) => [...prev, { id: frame.id, sender: frame.sender, body: frame.body }]);
    };
    return () => ws.close();
  }, [url, threadId]);
  return { messages, open };
}

function App({ url, threadId }: { url: string; threadId: string }) {
  const { messages, open } = useWebSocket(url, threadId);
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView();
  }, [messages]);
  return (
    <main>
      <header data-open={open ? 'yes' : 'no'}>{open ? 'Connected' : 'Connecting…'}</header>
      <ul role="log" aria-label={threadId} style={{ height: '560px', overflowY: 'auto', listStyle: 'none', margin: 0, padding: 0 }}>
        {messages.map((m) => (
          <li key={m.id}>
            <strong>{m.sender}</strong> <span>{m.body}</span>
          </li>
        ))}
        <li ref={end} aria-hidden="true" />
      </ul>
    </main>
  );
}

// Where to connect comes in the fragment (never sent to the page's server).
const params = new URLSearchParams(location.hash.slice(1));
const relay = params.get('relay') ?? '';
const token = params.get('token') ?? '';
const threadId = params.get('thread') ?? '';
const root = document.getElementById('root');
const url = new URL(relay);
url.searchParams.set('token', token);
if (root) createRoot(root).render(<App url={url.href} threadId={threadId} />);
