import { RamkollError } from '../../db/errors';
import type { FileDialogs } from './context';

/** For fronts without windows (the CLI, the worker thread): files come as arguments there. */
export const noDialogs: FileDialogs = {
  open: () => Promise.reject(new RamkollError('INVALID_INPUT', 'Fildialoger finns bara i appen. Ange filen som argument på kommandoraden.')),
  save: () => Promise.reject(new RamkollError('INVALID_INPUT', 'Fildialoger finns bara i appen. Ange filen som argument på kommandoraden.')),
};
