// The public pages, mirrored from app/src/website/routes.rs (PUBLIC_PAGES); the
// sitemap test below fails if the two lists drift apart.
export const PUBLIC_PAGES = [
  '/', '/about', '/contact', '/partners', '/demo', '/status', '/roadmap', '/changelog',
  '/migration', '/brand', '/sla', '/cookies', '/terms', '/privacy', '/dpa',
];

export function slug(path: string): string {
  return path === '/' ? 'home' : path.slice(1).replace(/\//g, '-');
}
