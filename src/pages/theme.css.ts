/** The facility's colour from configuration, as a stylesheet (inline styles are barred by the CSP). */
import type { APIRoute } from 'astro';
import { stagedSite } from '../integration/site-data.ts';

export const GET: APIRoute = () => {
  const colour = stagedSite().chrome.facility.colour;
  return new Response(`:root{--accent:${colour};--link:${colour}}\n`, { headers: { 'Content-Type': 'text/css' } });
};
