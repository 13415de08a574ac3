// Delivery providers, chosen by config: e-mail over SMTP (nodemailer), SMS through an HTTP
// gateway (POST JSON {to, text}), and 'log', the embedded default, which writes the notice to
// the log and counts it as sent without sending anything.
import nodemailer from 'nodemailer';
import type { Config } from '../../config.ts';

export interface NoticeLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface Outgoing { id: number; channel: string; recipient: string; subject: string | null; body: string }

export interface Provider {
  name: string;
  /** resolves with the provider's message id; throws DeliveryError */
  send(n: Outgoing): Promise<string | null>;
  close(): void;
}

/** permanent: retrying cannot help (the address is refused, the request is malformed) */
export class DeliveryError extends Error {
  constructor(message: string, readonly permanent: boolean) {
    super(message);
  }
}

/** 138****5678 / z***@example.com: the log shows whom, not the full address. */
export function maskRecipient(r: string): string {
  if (r.includes('@')) {
    const [user, domain] = r.split('@');
    return `${user.slice(0, 1)}***@${domain}`;
  }
  return r.length > 7 ? `${r.slice(0, 3)}****${r.slice(-4)}` : '****';
}

export function logProvider(channel: string, log: NoticeLog): Provider {
  return {
    name: 'log',
    async send(n) {
      log.info({ notice: n.id, channel, to: maskRecipient(n.recipient), subject: n.subject, text: n.body }, `notice ${n.id} recorded by the log provider (not sent)`);
      return `log-${n.id}`;
    },
    close() {},
  };
}

export function smtpProvider(config: Config): Provider {
  const transport = nodemailer.createTransport(config.smtpUrl!);
  return {
    name: 'smtp',
    async send(n) {
      try {
        const info = await transport.sendMail({ from: config.smtpFrom ?? 'ClubCRM <no-reply@localhost>', to: n.recipient, subject: n.subject ?? '', text: n.body });
        if (info.rejected?.length) throw new DeliveryError(`recipient refused: ${info.rejected.join(', ')}`, true);
        return info.messageId ?? null;
      } catch (e) {
        if (e instanceof DeliveryError) throw e;
        const err = e as { responseCode?: number; code?: string; message: string };
        // 5xx replies (mailbox unknown, relay denied) and envelope errors will not heal by retrying
        const permanent = (err.responseCode !== undefined && err.responseCode >= 500) || err.code === 'EENVELOPE';
        throw new DeliveryError(`${err.code ?? 'SMTP'} ${err.responseCode ?? ''} ${err.message}`.replace(/\s+/g, ' ').trim(), permanent);
      }
    },
    close() { transport.close(); },
  };
}

export function httpSmsProvider(config: Config): Provider {
  return {
    name: 'http',
    async send(n) {
      let res: Response;
      try {
        res = await fetch(config.smsGatewayUrl!, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(config.smsGatewayToken ? { authorization: `Bearer ${config.smsGatewayToken}` } : {}) },
          body: JSON.stringify({ to: n.recipient, text: n.body }),
          signal: AbortSignal.timeout(10_000),
        });
      } catch (e) {
        throw new DeliveryError(`SMS gateway unreachable: ${(e as Error).message}`, false);
      }
      const text = await res.text().catch(() => '');
      if (!res.ok) {
        // 4xx: the gateway refuses this message (bad number, bad request) — except "slow down" and timeouts
        const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
        throw new DeliveryError(`SMS gateway answered ${res.status}: ${text.slice(0, 200)}`, permanent);
      }
      try {
        const body = JSON.parse(text) as { id?: unknown; messageId?: unknown };
        const id = body.id ?? body.messageId;
        return id === undefined || id === null ? null : String(id);
      } catch {
        return null;
      }
    },
    close() {},
  };
}

export function providersFor(config: Config, log: NoticeLog): Record<'sms' | 'email', Provider> {
  return {
    email: config.notifyEmail === 'smtp' ? smtpProvider(config) : logProvider('email', log),
    sms: config.notifySms === 'http' ? httpSmsProvider(config) : logProvider('sms', log),
  };
}
