// The smallest site that renders Baton's devlog: the blog plugin reads BATON_BLOG_DIR (the
// writer's folder, as it is) and mermaid diagrams are on.
const path = require('path');

module.exports = {
  title: 'Baton devlog',
  url: 'http://localhost',
  baseUrl: '/',
  onBrokenLinks: 'throw',
  markdown: { mermaid: true },
  themes: ['@docusaurus/theme-mermaid'],
  presets: [
    ['classic', {
      docs: false,
      blog: {
        path: process.env.BATON_BLOG_DIR || path.resolve(__dirname, '../../data/blog'),
        routeBasePath: '/',
        onInlineAuthors: 'ignore',
        onUntruncatedBlogPosts: 'throw',
      },
    }],
  ],
};
