// A browser test drives three pages and the app on a machine whose two cores CI saturates: 60 s (the
// global default) was once too little for one under load. This is a hang guard, not a speed target.
jest.setTimeout(120_000);
