// zod/mini ships without zod's English messages ("Invalid input" for everything). Account forms,
// stored-account problems and settings problems show them (e.g. "Too big: expected string to
// have <=80 characters"), so the English locale is installed once, here. Import for its effect.
import * as z from 'zod/mini';
import { en } from 'zod/locales';

z.config(en());
