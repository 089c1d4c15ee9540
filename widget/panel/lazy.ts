/** The panel's lazily loaded parts use the components' own (components/ui/lazy.ts). */
export { useLazy } from '../../components/ui/lazy';
