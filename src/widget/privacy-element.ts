/**
 * <alcove-privacy>: tells the shopper what Alcove keeps about them in this browser, and lets
 * them take it ("Download my data": everything, as a JSON file) or delete it ("Forget me").
 */
import { AlcoveElement } from './base-element';
import { forgetShopper, on } from './shared-engine';
import { t } from './strings';

export const EXPORT_FILE = 'alcove-my-data.json';

export class AlcovePrivacyElement extends AlcoveElement {
  private heading!: HTMLHeadingElement;
  private body!: HTMLParagraphElement;
  private events!: HTMLParagraphElement;
  private catalog!: HTMLParagraphElement;
  private download!: HTMLButtonElement;
  private forget!: HTMLButtonElement;
  private status!: HTMLParagraphElement;
  private counts = { events: 0, items: 0 };

  protected build(): void {
    const section = document.createElement('section');
    section.className = 'privacy';
    section.setAttribute('part', 'section');
    this.heading = document.createElement('h2');
    this.heading.id = 'title';
    this.heading.setAttribute('part', 'title');
    section.setAttribute('aria-labelledby', 'title');
    this.body = document.createElement('p');
    this.events = document.createElement('p');
    this.events.className = 'events';
    this.catalog = document.createElement('p');
    this.catalog.className = 'catalog';
    const actions = document.createElement('div');
    actions.className = 'actions';
    this.download = document.createElement('button');
    this.download.type = 'button';
    this.download.setAttribute('part', 'button download');
    this.forget = document.createElement('button');
    this.forget.type = 'button';
    this.forget.className = 'quiet';
    this.forget.setAttribute('part', 'button forget');
    this.download.disabled = this.forget.disabled = true;
    actions.append(this.download, this.forget);
    this.status = document.createElement('p');
    this.status.className = 'status';
    this.status.setAttribute('role', 'status');
    section.append(this.heading, this.body, this.events, this.catalog, actions, this.status);
    this.root.append(section);

    this.download.addEventListener('click', () => void this.exportData());
    this.forget.addEventListener('click', () => void this.forgetMe());
  }

  protected override subscriptions(): (() => void)[] {
    return [on('history', () => this.client && this.refresh())];
  }

  protected renderText(): void {
    this.heading.textContent = t('privacyTitle');
    this.body.textContent = t('privacyBody');
    this.download.textContent = t('download');
    this.forget.textContent = t('forget');
    this.renderCounts();
  }

  private renderCounts(): void {
    const n = new Intl.NumberFormat(this.config.locale ?? (document.documentElement.lang || undefined));
    this.events.textContent = this.client ? t('privacyEvents', { count: n.format(this.counts.events) }) : '';
    this.catalog.textContent = this.client ? t('privacyCatalog', { count: n.format(this.counts.items) }) : '';
  }

  protected showStatus(text: string, isError = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', isError);
  }

  protected refresh(): void {
    void this.load();
  }

  private async load(): Promise<void> {
    if (!this.client) return;
    this.download.disabled = this.forget.disabled = false;
    const s = await this.client.status();
    this.counts = { events: s.events, items: s.catalog?.items ?? 0 };
    this.renderCounts();
  }

  private async exportData(): Promise<void> {
    if (!this.client) return;
    const data = await this.client.exportData();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
    a.download = EXPORT_FILE;
    a.hidden = true;
    this.root.append(a);
    a.click();
    a.remove();
    // Revoking at once can cancel the download in some browsers.
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    this.showStatus(t('downloaded', { file: EXPORT_FILE }));
  }

  private async forgetMe(): Promise<void> {
    await forgetShopper();
    this.showStatus(t('forgotten'));
  }
}
