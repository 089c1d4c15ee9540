// Finds user-visible text written in JSX instead of coming from the message catalog:
// text children, and string literals in attributes a person reads or hears.
const READ_ATTRS = new Set(['aria-label', 'aria-description', 'aria-placeholder', 'aria-roledescription', 'aria-valuetext', 'title', 'placeholder', 'alt', 'label']);
const hasWords = (s) => /\p{L}/u.test(s);

export default {
  rules: {
    'no-literal-ui-text': {
      meta: { type: 'problem', messages: { literal: 'User-visible text "{{text}}" must come from the message catalog: t(...)' }, schema: [] },
      create(context) {
        const check = (node, text) => {
          if (hasWords(text)) context.report({ node, messageId: 'literal', data: { text: text.trim().slice(0, 40) } });
        };
        return {
          JSXText(node) { check(node, node.value); },
          JSXAttribute(node) {
            const name = typeof node.name.name === 'string' ? node.name.name : '';
            if (!READ_ATTRS.has(name) || !node.value) return;
            if (node.value.type === 'Literal' && typeof node.value.value === 'string') check(node, node.value.value);
            if (node.value.type === 'JSXExpressionContainer' && node.value.expression.type === 'Literal' && typeof node.value.expression.value === 'string') check(node, node.value.expression.value);
            if (node.value.type === 'JSXExpressionContainer' && node.value.expression.type === 'TemplateLiteral') check(node, node.value.expression.quasis.map((q) => q.value.cooked).join(''));
          },
          'JSXExpressionContainer > Literal'(node) {
            if (node.parent.parent?.type === 'JSXElement' || node.parent.parent?.type === 'JSXFragment') {
              if (typeof node.value === 'string') check(node, node.value);
            }
          },
        };
      },
    },
  },
};
