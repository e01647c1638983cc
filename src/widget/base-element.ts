/**
 * What the three Alcove elements share: an open shadow root with the shared stylesheet, the
 * page's one engine, a `data-state` on the host (`loading` → `ready` | `error`) that pages and
 * tests can style or wait on, and re-rendering when strings or settings change.
 */
import type { AlcoveClient, Progress } from '../client';
import { elementConfig, onConfigChange, type WidgetConfig } from './config';
import { engine, on } from './shared-engine';
import { onStringsChange, t } from './strings';
import { widgetStyles } from './styles';

export type WidgetState = 'loading' | 'ready' | 'error';

export abstract class AlcoveElement extends HTMLElement {
  protected readonly root: ShadowRoot;
  protected client: AlcoveClient | null = null;
  private built = false;
  private cleanups: (() => void)[] = [];

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    this.root.adoptedStyleSheets = [widgetStyles()];
  }

  /** Creates the element's fixed DOM, once. */
  protected abstract build(): void;
  /** Puts the current strings into the fixed DOM. */
  protected abstract renderText(): void;
  /** Shows a loading or error message. */
  protected abstract showStatus(text: string, isError?: boolean): void;
  /** Loads or reloads the element's data; called once ready and whenever its inputs change. */
  protected abstract refresh(): void;
  /** Extra subscriptions (bus events) for this element; each returns its unsubscribe. */
  protected subscriptions(): (() => void)[] {
    return [];
  }

  get config(): WidgetConfig {
    return elementConfig(this);
  }

  get state(): WidgetState {
    return (this.dataset['state'] as WidgetState | undefined) ?? 'loading';
  }

  connectedCallback(): void {
    if (!this.built) {
      this.build();
      this.built = true;
    }
    this.renderText();
    this.cleanups.push(
      onStringsChange(() => {
        this.renderText();
        if (this.client) this.refresh();
      }),
      onConfigChange(() => this.client && this.refresh()),
      on('progress', (p) => this.state === 'loading' && this.showStatus(progressText(p))),
      ...this.subscriptions(),
    );
    if (this.client) return this.refresh();
    this.dataset['state'] = 'loading';
    this.showStatus(t('loading'));
    engine(this).then(
      (client) => {
        this.client = client;
        this.dataset['state'] = 'ready';
        this.showStatus('');
        if (this.isConnected) this.refresh();
      },
      () => {
        // The details go to the console once (shared-engine); the shopper gets one plain line.
        this.dataset['state'] = 'error';
        this.showStatus(t('unavailable'), true);
      },
    );
  }

  disconnectedCallback(): void {
    for (const off of this.cleanups) off();
    this.cleanups = [];
  }

  attributeChangedCallback(): void {
    if (this.client && this.isConnected) this.refresh();
  }
}

function progressText(p: Progress): string {
  return p.total > 0 ? t('loadingProgress', { percent: Math.min(100, Math.round((100 * p.done) / p.total)) }) : t('loading');
}
