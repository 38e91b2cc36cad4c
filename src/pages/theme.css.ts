/** The facility's colour from configuration, as a stylesheet (inline styles are barred by the CSP). */
import type { APIRoute } from 'astro';
import { stagedSite } from '../integration/site-data.ts';

export const GET: APIRoute = () => {
  const colour = stagedSite().chrome.facility.colour;
  // --brand, not --accent: site.css loads after this file and derives --accent and --link from it.
  return new Response(`:root{--brand:${colour}}\n`, { headers: { 'Content-Type': 'text/css' } });
};
