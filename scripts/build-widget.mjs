// Placeholder until the widget lands: nothing to build.

