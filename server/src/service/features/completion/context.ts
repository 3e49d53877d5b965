/** What every completion module reads: the opened document, the cursor, the catalog and the item builder. */
import type { CatalogIndex } from '../../catalog/lookup';
import type { LanguageService } from '../../languageService';
import type { ModelDocument } from '../../model/types';
import type { CompletionHost } from '../types';
import type { ItemBuilder } from './items';

export class CompletionContext {
  readonly text: string;
  private catalogOfDocument: CatalogIndex | undefined;

  constructor(
    readonly service: LanguageService,
    readonly document: ModelDocument,
    /** The cursor, as an offset into the file text. */
    readonly offset: number,
    readonly items: ItemBuilder,
    /** Lists directories for scope-file paths; without it none are offered. */
    readonly host: CompletionHost | undefined,
  ) {
    this.text = document.text;
  }

  /** The catalogs this document is checked against (asked for only by the places that need them). */
  get catalog(): CatalogIndex {
    return (this.catalogOfDocument ??= this.service.catalogFor(this.document));
  }
}
